#!/usr/bin/env bash
# A single-node Slurm for the sweep tests: `bash test/slurm-local.sh start|stop|status`.
#
# Needs Debian's slurm-wlm and munge (`apt-get install -y slurm-wlm munge`) and root. No systemd and
# no cgroups here, so: munged runs as user munge, slurmctld/slurmd run as root with
# proctrack/linuxproc and task/none, and all state, spool, log and pid files live in $SLURM_LOCAL_DIR
# (default /tmp/mfg-lab-slurm). No slurmdbd: the sweep reads task states from squeue/scontrol, and
# jobcomp/filetxt keeps a record of finished jobs in $SLURM_LOCAL_DIR/jobcomp.txt.
#
# The clients find the cluster through /etc/slurm/slurm.conf, which this script writes (marked as
# ours) only when no slurm.conf is there; otherwise it prints the SLURM_CONF to export.
# `stop` ends exactly the daemons that `start` started (by their pid files).
set -euo pipefail

DIR="${SLURM_LOCAL_DIR:-/tmp/mfg-lab-slurm}"
CONF="$DIR/slurm.conf"
ETC_CONF=/etc/slurm/slurm.conf
MARK="# written by mfg-lab test/slurm-local.sh"

die() { echo "slurm-local: $*" >&2; exit 1; }

need_tools() {
  local t
  for t in munged slurmctld slurmd sinfo sbatch; do
    command -v "$t" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$t" >/dev/null 2>&1 \
      || die "$t not found: apt-get install -y slurm-wlm munge"
  done
  [ "$(id -u)" = 0 ] || die "must run as root (slurmd runs jobs as their users)"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_munge() {
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  chown munge:munge /etc/munge /etc/munge/munge.key
  chmod 700 /etc/munge
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  if alive /run/munge/munged.pid; then return; fi # someone's munged: use it, leave it running
  runuser -u munge -- /usr/sbin/munged --force
  touch "$DIR/munged.ours"
}

write_conf() {
  local host cpus mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  mem="$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)"
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  cat >"$CONF" <<EOF
$MARK
ClusterName=mfglab
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
KillWait=5
MaxArraySize=10001
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  if [ ! -e "$ETC_CONF" ] || grep -qxF "$MARK" "$ETC_CONF"; then
    mkdir -p /etc/slurm
    cp "$CONF" "$ETC_CONF"
  else
    echo "slurm-local: $ETC_CONF is not ours; before using the cluster: export SLURM_CONF=$CONF" >&2
  fi
}

wait_idle() {
  local host state i
  host="$(hostname -s)"
  for i in $(seq 1 60); do
    state="$(SLURM_CONF="$CONF" sinfo -h -N -n "$host" -o %T 2>/dev/null || true)"
    case "$state" in
      idle*) echo "slurm-local: node $host idle ($(nproc) CPUs); config $CONF"; return 0 ;;
      down*|drain*) SLURM_CONF="$CONF" scontrol update nodename="$host" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.5
  done
  tail -n 20 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2 || true
  die "node $host not idle after 30 s (state: ${state:-none})"
}

start() {
  need_tools
  mkdir -p "$DIR"
  if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid"; then
    echo "slurm-local: already running"
    wait_idle
    return
  fi
  start_munge
  write_conf
  export SLURM_CONF="$CONF"
  alive "$DIR/slurmctld.pid" || /usr/sbin/slurmctld -f "$CONF"
  alive "$DIR/slurmd.pid" || /usr/sbin/slurmd -f "$CONF"
  wait_idle
}

stop_pid() {
  local file="$1" pid i
  alive "$file" || return 0
  pid="$(cat "$file")"
  kill "$pid"
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  if [ -f "$CONF" ]; then
    SLURM_CONF="$CONF" scancel --user=root 2>/dev/null || true # no job outlives its cluster
  fi
  stop_pid "$DIR/slurmd.pid"
  stop_pid "$DIR/slurmctld.pid"
  if [ -f "$DIR/munged.ours" ]; then
    stop_pid /run/munge/munged.pid
    rm -f "$DIR/munged.ours"
  fi
  if [ -f "$ETC_CONF" ] && grep -qxF "$MARK" "$ETC_CONF"; then rm -f "$ETC_CONF"; fi
  echo "slurm-local: stopped (state kept in $DIR)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF="${SLURM_CONF:-$CONF}" sinfo ;;
  *) echo "usage: bash test/slurm-local.sh start|stop|status" >&2; exit 2 ;;
esac
