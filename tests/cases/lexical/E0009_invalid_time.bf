policy p {
  window = 25:00..23:60;
}
