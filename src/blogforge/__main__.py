from blogforge.cli import console

console()
