"""Events and claims read from one article's annotations."""
