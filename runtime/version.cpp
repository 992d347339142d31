// placeholder so the library has a source until the runtime lands
namespace bfc::runtime { const char* version() { return "0.1.0"; } }
