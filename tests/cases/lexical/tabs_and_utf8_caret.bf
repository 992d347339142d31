task load {
	description = "Größe ✓"; owner = @bob;
}
