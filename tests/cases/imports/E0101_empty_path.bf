import "";
