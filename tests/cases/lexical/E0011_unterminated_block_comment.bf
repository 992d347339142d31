task load {
  cycle = daily; /* the rest of the file
  is inside this comment
}
