#!/usr/bin/env python3
"""Run the shared scorer (../shared/eval/score.py) with one fix applied at run time.

The scorer's Registry.ignored() indexes its registry with the key of every
predicted node, and unmatched nodes get the key "?ID", so any node that is not a
gold actor raises KeyError. This wrapper imports the scorer unchanged from where
it lives, replaces that one method with a version that treats unknown keys as
"not media", and runs its main(). Arguments are passed through.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.environ.get("NEWSGRAPH_SHARED", os.path.join(here, "..", "..", "shared"))
sys.path.insert(0, os.path.join(shared, "eval"))
import score  # noqa: E402


def ignored(self, key):
    return key in self.actors and self.actors[key].get("type") == "media"


score.Registry.ignored = ignored
sys.argv[0] = os.path.join(shared, "eval", "score.py")
score.main()
