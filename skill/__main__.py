"""``python -m skill chat`` is the same as ``rueckenmassage chat``."""

from skill.cli import main

raise SystemExit(main())
