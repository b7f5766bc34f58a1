package ingest_test

import (
	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/ingest"
)

// Every /api/v1 exchange of this package's tests is checked against the
// API document.
func init() { ingest.CheckAPI = apitest.Wrap }
