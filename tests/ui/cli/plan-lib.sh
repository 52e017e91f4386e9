# plan-lib.sh: helpers of the setup-plan script tests (source after libtest.sh and start_cfsim):
# cf (cfconsole against this cfsim), api (GET through the API), counts, writes, state, faults.

export CLOUDFLARE_API_TOKEN="$CFSIM_TOKEN"

cf() {
	"$CFCONSOLE" --api-base "$CFSIM_URL" --account "$CFSIM_ACCOUNT" "$@"
}

# api PATH: GET through the API, as a client should: a 429 (the console
# under test shares the token's rate limit) waits the Retry-After cfsim
# sends and asks again; any other error envelope is shown on stderr.
api() {
	_try=0
	while :; do
		_out=$(curl -s -D api.headers -H "Authorization: Bearer $CFSIM_TOKEN" "$CFSIM_URL$1")
		_ra=$(tr -d '\r' <api.headers | sed -n 's/^[Rr]etry-[Aa]fter: *//p' | head -1)
		if head -1 api.headers | grep -q ' 429' && [ $_try -lt 20 ]; then
			_try=$((_try + 1))
			sleep "${_ra:-1}"
			continue
		fi
		case $_out in
		*'"success":false'* | *'"success": false'*) echo "api $1: $_out" >&2 ;;
		esac
		printf '%s\n' "$_out"
		return 0
	done
}

# py EXPR: evaluates EXPR with j = the JSON on stdin.
py() {
	python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}

ZONE_ID=$(api "/zones?name=example.com" | py 'j["result"][0]["id"]')
[ -n "$ZONE_ID" ] || die "no example.com zone in cfsim"

# counts: "MONITORS POOLS LBS RECORDS" of the account and example.com.
# (jq, not python: called many times, and python's start-up takes seconds on
# a loaded machine)
counts() {
	printf '%s %s %s %s\n' \
		"$(api "/accounts/$CFSIM_ACCOUNT/load_balancers/monitors" | jq '.result | length')" \
		"$(api "/accounts/$CFSIM_ACCOUNT/load_balancers/pools" | jq '.result | length')" \
		"$(api "/zones/$ZONE_ID/load_balancers" | jq '.result | length')" \
		"$(api "/zones/$ZONE_ID/dns_records?per_page=5000" | jq '.result | length')"
}

# plus1 "A B C D": each count plus one.
plus1() {
	echo "$1" | awk '{ print $1 + 1, $2 + 1, $3 + 1, $4 + 1 }'
}

# writes: requests other than GET in cfsim's log since the last clear.
writes() {
	curl -s "$CFSIM_ADMIN/__cfsim/requests" |
		py 'sum(1 for r in j["requests"] if r["method"] != "GET")'
}

clear_log() {
	curl -s -X DELETE "$CFSIM_ADMIN/__cfsim/requests" >/dev/null
}

fault() {
	curl -s -X POST -d "{\"spec\":\"$1\"}" "$CFSIM_ADMIN/__cfsim/faults" >/dev/null
}

no_faults() {
	curl -s -X DELETE "$CFSIM_ADMIN/__cfsim/faults" >/dev/null
}

# state FILE STEP: the recorded status of STEP ("none" when absent).
state() {
	py "next((s['status'] for s in j.get('state', {}).get('steps', []) if s['step'] == '$2'), 'none')" <"$1"
}

# state_id FILE STEP: the recorded id of STEP (empty when none).
state_id() {
	py "next((s.get('id', '') for s in j.get('state', {}).get('steps', []) if s['step'] == '$2'), '')" <"$1"
}

# named KIND NAME: how many objects of KIND have that name.
named() {
	case $1 in
	pool) api "/accounts/$CFSIM_ACCOUNT/load_balancers/pools" ;;
	lb) api "/zones/$ZONE_ID/load_balancers" ;;
	record) api "/zones/$ZONE_ID/dns_records?name=$2" ;;
	esac | jq --arg n "$2" '[.result[] | select(.name == $n)] | length'
}

# posted SUFFIX: cfsim has answered a POST whose path ends with SUFFIX.
posted() {
	curl -s "$CFSIM_ADMIN/__cfsim/requests" |
		python3 -c "import json,sys; j=json.load(sys.stdin); sys.exit(0 if any(r['method'] == 'POST' and r['path'].endswith('$1') for r in j['requests']) else 1)"
}

# status_is FILE STEP STATUS: the file records STEP with STATUS.
# Without python: watchers call it every 0.1 s, and a python start-up takes
# seconds on a loaded machine (the plan file is written step before status,
# atomically, so the text match is exact).
status_is() {
	tr -d ' \t\n' <"$1" | grep -q "\"step\":\"$2\",\"status\":\"$3\""
}

# cf_bg ARGS...: cfconsole in the background (output to out/err); CF_PID is
# cfconsole's own pid (not a subshell's), so kill -9 hits the process.
cf_bg() {
	"$CFCONSOLE" --api-base "$CFSIM_URL" --account "$CFSIM_ACCOUNT" "$@" >out 2>err &
	CF_PID=$!
}
