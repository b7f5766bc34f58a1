package chtest

import "testing"

// Long marks a test that starts its own servers, processes, a browser or
// LibreOffice: `go test -short` (the quick tier, unit tests and the one
// test ClickHouse) leaves it out and says so; `make test` runs it.
func Long(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: " + why)
	}
}
