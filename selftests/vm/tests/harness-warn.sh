#!/bin/bash
# Harness self-test: a kernel WARN must fail the run (scripts/check expects
# hive-vm to report this node's console).
# hive-vm-timeout: release=120 debug=300
insmod "$HIVE_KMOD/hive_test_warn.ko"
