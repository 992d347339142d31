#!/bin/sh
# Crash-test command. Appends "start" and "end" lines to $LEDGER and holds a per-instance
# flock for its whole life, inherited by its background child, so an attempt that overlaps
# a leftover of an earlier attempt of the same instance cannot take the lock: it writes
# OVERLAP and fails.
exec 9>>"$LEDGER_DIR/$BF_INSTANCE.lock"
if ! flock -n 9; then
  echo "OVERLAP $BF_INSTANCE $BF_ATTEMPT $$" >> "$LEDGER"
  exit 1
fi
echo "start $BF_INSTANCE $BF_ATTEMPT $$" >> "$LEDGER"
# A child in the same process group keeps the lock too: only killing the group frees it.
sleep "${LEDGER_SLEEP:-0.$(( ($$ % 4) + 1 ))}" &
wait
echo "end $BF_INSTANCE $BF_ATTEMPT $$" >> "$LEDGER"
