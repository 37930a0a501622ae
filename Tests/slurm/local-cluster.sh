#!/usr/bin/env bash
# A Slurm cluster of one controller and one node on localhost, for the tests of `curate slurm`.
#
#   Tests/slurm/local-cluster.sh start STATE_DIR   writes STATE_DIR/slurm.conf, starts munged (when
#                                                  none runs), slurmctld and slurmd; waits until the
#                                                  node is idle; prints `export SLURM_CONF=…`
#   Tests/slurm/local-cluster.sh stop STATE_DIR    stops exactly the daemons `start` started
#
# No systemd: every daemon runs in the foreground (-D) in the background of this shell, its pid
# kept in STATE_DIR. The configuration names the node `localhost`, so it does not depend on the
# host name. MAX_ARRAY_SIZE (environment) sets the cluster's MaxArraySize (default 1001).
set -euo pipefail

command=${1:-}
state=${2:-}
if [[ -z $command || -z $state ]]; then
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
fi
mkdir -p "$state"
state=$(cd "$state" && pwd)
conf=$state/slurm.conf

# Stops the daemon whose pid file is $1 (one we started) and waits until it is gone.
stop_pid() {
    local file=$1 pid
    [[ -f $file ]] || return 0
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

stop() {
    stop_pid "$state/slurmd.started"
    stop_pid "$state/slurmctld.started"
    stop_pid "$state/munged.started"
}

start() {
    for tool in munged slurmctld slurmd sinfo; do
        command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y slurm-wlm munge" >&2; exit 1; }
    done
    # Leftovers of an earlier start that was not stopped.
    stop
    rm -rf "$state/ctld" "$state/d" "$state"/*.log
    mkdir -p "$state/ctld" "$state/d"

    # munged: the one authentication Debian's Slurm is built with. Reuse one that already runs.
    if ! munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
        [[ -s /etc/munge/munge.key ]] || { echo "/etc/munge/munge.key is missing (the munge package creates it)" >&2; exit 1; }
        mkdir -p /run/munge /var/log/munge /var/lib/munge
        chown munge:munge /run/munge /var/log/munge /var/lib/munge
        chmod 0755 /run/munge
        setsid runuser -u munge -- munged --foreground >"$state/munged.log" 2>&1 &
        echo $! >"$state/munged.started"
        for _ in $(seq 1 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
        munge -n </dev/null | unmunge >/dev/null || { echo "munged did not start: $(cat "$state/munged.log")" >&2; stop; exit 1; }
    fi

    local cpus memory
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) * 9 / 10 ))
    cat >"$conf" <<CONF
ClusterName=curate-local
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
MaxArraySize=${MAX_ARRAY_SIZE:-1001}
SlurmctldPort=${SLURMCTLD_PORT:-6817}
SlurmdPort=${SLURMD_PORT:-6818}
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$conf
    # -c: a fresh controller, no jobs from an earlier start.
    setsid slurmctld -D -c -f "$conf" >>"$state/slurmctld.log" 2>&1 &
    echo $! >"$state/slurmctld.started"
    setsid slurmd -D -N localhost -f "$conf" >>"$state/slurmd.log" 2>&1 &
    echo $! >"$state/slurmd.started"

    for _ in $(seq 1 150); do
        if sinfo -h -N -o '%T' 2>/dev/null | grep -qx 'idle'; then
            echo "export SLURM_CONF=$conf"
            return 0
        fi
        sleep 0.1
    done
    echo "the local Slurm did not become ready in 15 s; logs:" >&2
    tail -n 20 "$state/slurmctld.log" "$state/slurmd.log" >&2 || true
    stop
    exit 1
}

case $command in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
