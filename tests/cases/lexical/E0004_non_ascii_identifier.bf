task café {
  cycle = daily;
}
