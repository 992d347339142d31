import "tasks/${workspace}.bf";
