# wizard-lib.sh: helpers of the setup wizard's screen tests (source after libtest.sh, console.sh and start_cfsim --demo).

# origin NAME: the address of cfsim's demo origin server NAME.
origin() {
	curl -sf "$CFSIM_ADMIN/__cfsim/origins" |
		jq -r ".origins[] | select(.name == \"$1\") | .address"
}

# ORIGIN_PORT: the port every demo origin server shares.
ORIGIN_PORT=$(curl -sf "$CFSIM_ADMIN/__cfsim/origins" | jq -r '.origins[0].port')
[ -n "$ORIGIN_PORT" ] && [ "$ORIGIN_PORT" != null ] || die "no demo origins in cfsim"
export ORIGIN_PORT

# fill_script TEMPLATE OUT: the key script with @A1@/@A2@ (cpu-a, the
# healthy origin, and cpu-b, answering 500) and @PORT@ filled in.
fill_script() {
	sed -e "s/@A1@/$(origin cpu-a)/g" -e "s/@A2@/$(origin cpu-b)/g" \
		-e "s/@PORT@/$ORIGIN_PORT/g" "$1" >"$2"
}

# dump FILE: a screen with what changes between runs masked (ids, the
# header's clock and budget, origin addresses, the shared port).
dump() {
	masked "$1" | sed -e "s/$(origin cpu-a)/<A1>/g" -e "s/$(origin cpu-b)/<A2>/g" \
		-e "s/$ORIGIN_PORT/<PORT>/g" -e 's/ *$//'
}
