import sys

from automahntion.cli import main

sys.exit(main())
