"""`python -m engnest.admin`: make and unmake site admins. Admins are made here only, never through the UI (no
event handler or endpoint grants a site role), so whoever runs it must already control the server.

    python -m engnest.admin grant ada@example.com     # make an admin (any spelling of the address)
    python -m engnest.admin revoke ada@example.com
    python -m engnest.admin list

Each change is one transaction with an audit row naming the OS user who ran it. Exit status 0 on success (also
when nothing needed changing), 1 when the address has no account or is not an address, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from engnest import features
from engnest.community.services import moderation_admins
from engnest.platform.clock import utcnow
from engnest.platform.db import unit_of_work
from engnest.platform.domain.errors import ValidationFailed


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m engnest.admin", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("grant", "make the account with this email a site admin"), ("revoke", "take the site admin role away")):
        sub.add_parser(name, help=text).add_argument("email")
    sub.add_parser("list", help="list the site admins")
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    features.load_services()
    if args.command == "list":
        with unit_of_work() as session:
            lines = moderation_admins.admins(session=session)
        for line in lines:
            print(f"{line.email}\tadmin since {line.granted_at:%Y-%m-%d %H:%M} UTC\t{line.granted_by}", file=out)
        if not lines:
            print("No site admins yet. Make one with: python -m engnest.admin grant <email>", file=out)
        return 0
    try:
        with unit_of_work() as session:
            request = moderation_admins.check_site_role_change(session=session, email=args.email, by=_who())
            do = moderation_admins.do_grant if args.command == "grant" else moderation_admins.do_revoke
            changed = do(session=session, request=request, now=utcnow())
    except ValidationFailed as exc:
        print(f"engnest.admin: {exc.first()}", file=sys.stderr)
        return 1
    if args.command == "grant":
        print(f"{request.email} is {'now' if changed else 'already'} a site admin.", file=out)
    else:
        print(f"{request.email} is {'no longer' if changed else 'not'} a site admin.", file=out)
    return 0
