#!/bin/bash
# Harness self-test: a guest that never finishes must fail the run at the
# timeout, not hang it.
# hive-vm-timeout: release=30 debug=30
sleep infinity
