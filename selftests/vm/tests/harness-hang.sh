#!/bin/bash
# Harness self-test: a guest that never finishes must fail the run at the
# timeout, not hang it.
sleep infinity
