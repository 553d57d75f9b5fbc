import sys

from blogforge.cli import main

sys.exit(main())
