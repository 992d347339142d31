import "cycle";
