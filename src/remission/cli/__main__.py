import sys

from remission.cli import main

sys.exit(main())
