task load {
  timeout = 99999999999999999999d;
  retry_delay = 5300w;
}
