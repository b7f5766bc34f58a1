package ingest

import (
	"net/http"
	"testing"
)

// CheckAPI wraps the API handler of this package's tests; the external
// test package sets it to apitest.Wrap (which imports ingest, so this
// package's own tests cannot import it).
var CheckAPI = func(_ testing.TB, h http.Handler) http.Handler { return h }
