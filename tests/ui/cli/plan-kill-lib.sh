# plan-kill-lib.sh: what the kill-and-resume tests share (source after plan-lib.sh): the counts before,
# check_full (one of each planned object, the ones the file records) and resume_and_rollback.

base=$(counts)
full=$(plus1 "$base")

# check_full FILE: one object of each planned name, the ones the file records.
check_full() {
	assert_equals "counts after resume ($1)" "$full" "$(counts)"
	assert_equals "pools named inference-pool" 1 "$(named pool inference-pool)"
	assert_equals "LBs named inference-lb.example.com" 1 "$(named lb inference-lb.example.com)"
	assert_equals "records named predict.example.com" 1 "$(named record predict.example.com)"
	for s in monitor pool load_balancer cname; do
		assert_equals "$s status" verified "$(state "$1" $s)"
	done
	assert_equals "pool's monitor" "$(state_id "$1" monitor)" \
		"$(api "/accounts/$CFSIM_ACCOUNT/load_balancers/pools/$(state_id "$1" pool)" | py 'j["result"]["monitor"]')"
}

# resume_and_rollback FILE: apply again, check, roll back, check.
resume_and_rollback() {
	no_faults
	cf apply --yes "$1" >out 2>err || die "resume of $1: exit $? $(cat err)"
	cat out >&2 # shown when the test fails
	check_full "$1"
	cf apply --rollback --yes "$1" >out 2>err || die "rollback of $1: exit $? $(cat err)"
	assert_equals "counts after rollback ($1)" "$base" "$(counts)"
}

