# Shared by the scripts in scripts/: sourced, never run. Gives
#   root, t2p               the repository and its launcher
#   t2p_options SPEC… -- "$@"   option parsing from a spec (see below); calls the script's usage() on -h/--help
#   t2p_int NAME VALUE      refuses a VALUE that is not a whole number ≥ 0, naming the option
#   t2p_die MESSAGE         prints "SCRIPT: MESSAGE" on stderr and exits 1
#   t2p_assets_dir          the asset cache the Java side uses (tri2plane fetch-assets --print-dir)
#   t2p_json FILE POINTER [ARGS…]   one value of a JSON (or JSON Lines) file (tri2plane json)
#   t2p_machine             "CPU model, N cores, M GiB" of this machine
# Each script defines usage() (its help, from a heredoc) before calling t2p_options.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
t2p="$root/scripts/tri2plane"
t2p_script="$(basename "$0")"

t2p_die() {
  echo "$t2p_script: $*" >&2
  exit 1
}

t2p_usage_error() {
  echo "$t2p_script: $* (see --help)" >&2
  exit 2
}

# t2p_options SPEC… -- ARGS…
# Each SPEC is OPTION=VARIABLE (takes a value) or OPTION?VARIABLE (a flag, sets VARIABLE=1);
# arguments that are not options are collected in the array t2p_args. An unknown option, or an
# option without its value, exits 2 with a message.
t2p_options() {
  local specs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    specs+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  t2p_args=()
  while [ $# -gt 0 ]; do
    local arg="$1" matched=0 spec opt var
    case "$arg" in
      -h|--help) usage; exit 0 ;;
    esac
    for spec in ${specs[@]+"${specs[@]}"}; do
      if [[ "$spec" == *"?"* ]]; then
        opt="${spec%%\?*}"; var="${spec#*\?}"
        if [ "$arg" = "$opt" ]; then
          printf -v "$var" '%s' 1
          matched=1
          break
        fi
      else
        opt="${spec%%=*}"; var="${spec#*=}"
        if [ "$arg" = "$opt" ]; then
          [ $# -ge 2 ] || t2p_usage_error "$opt needs a value"
          printf -v "$var" '%s' "$2"
          shift
          matched=1
          break
        fi
      fi
    done
    if [ $matched -eq 0 ]; then
      case "$arg" in
        -*) t2p_usage_error "unknown option $arg" ;;
        *) t2p_args+=("$arg") ;;
      esac
    fi
    shift
  done
}

t2p_int() { # NAME VALUE
  [[ "$2" =~ ^[0-9]+$ ]] || t2p_usage_error "$1 must be a whole number, was '$2'"
}

t2p_assets_dir() {
  "$t2p" fetch-assets --print-dir
}

t2p_json() { # FILE POINTER [--line N | --all-lines]
  "$t2p" json "$@"
}

t2p_machine() {
  local cpu
  cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
  echo "${cpu:-$(uname -m)}, $(nproc) cores, $(free -g 2>/dev/null | awk '/Mem:/ {print $2}') GiB"
}
