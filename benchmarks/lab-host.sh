# Shared by the lab benchmarks (sourced): builds the lab host, writes a lab of VMS VMs, creates it and serves it.
#   lab_vms VMS TITLE        the drill's title and topology (VMS VMs of 1 MiB on one host) on stdout; steps follow
#   lab_serve FILE [--https] creates the lab `bench` from FILE (manual time), serves it on a free loopback port;
#                            sets token (the trainee's), port and host (the server's pid)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/Lab/Lab.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
lab="$root/Lab/bin/Release/net10.0/Lab.dll"
dir="$(mktemp -d)"
host=""
trap '[ -n "$host" ] && kill "$host" 2>/dev/null; rm -rf "$dir"' EXIT

lab_vms() {
  printf 'title: %s\nseed: 5\ntopology:\n' "$2"
  printf '  hosts: [{name: esxi-01, version: 7.0.0, edition: enterprise}]\n  datastores: [{name: DS1, hosts: [esxi-01], capacity: 1TiB}]\n  vms:\n'
  for i in $(seq 1 "$1"); do printf '    - {name: vm%04d, host: esxi-01, datastore: DS1, disks: [1MiB], ip: 10.0.%d.%d}\n' "$i" $((20 + i / 200)) $((10 + i % 200)); done
  printf '  azure: {}\n'
}

lab_serve() {
  local start
  start=$(date +%s.%N)
  token=$(dotnet "$lab" create "$1" --dir "$dir" --name bench --manual | awk '/trainee token/ {print $3}')
  echo "lab '$(sed -n 's/^title: //p' "$1")' created in $(echo "$(date +%s.%N) - $start" | bc) s"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  dotnet "$lab" serve --dir "$dir" --port "$port" "${@:2}" >"$dir/serve.log" 2>&1 &
  host=$!
  for _ in $(seq 1 600); do grep -q 'serving the labs' "$dir/serve.log" && break; sleep 0.1; done
}
