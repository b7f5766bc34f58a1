package apidoc_test

import (
	"encoding/json"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apidoc"
	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/web"
)

// TestDocumentIsOpenAPI3: the document loads and validates as OpenAPI 3.
func TestDocumentIsOpenAPI3(t *testing.T) {
	doc, _ := apitest.Document(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %s", doc.OpenAPI)
	}
}

// TestEveryRouteIsDescribed holds the document, the access table and the
// routes the API packages register to the same list of /api/v1 routes,
// and every answer to a real schema.
func TestEveryRouteIsDescribed(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	site := web.NewSite(web.Options{})
	api := r.Group(apidoc.Prefix)
	dashboards.APIRoutes(api, dashboards.New(nil, site, nil))
	ingest.APIRoutes(api, ingest.NewAPI(nil, nil))
	review.APIRoutes(api, &review.Handler{})
	h, err := apidoc.New(auth.Rules(), site)
	if err != nil {
		t.Fatal(err)
	}
	apidoc.Routes(r, h)
	served := map[string]bool{}
	for _, rt := range r.Routes() {
		if strings.HasPrefix(rt.Path, apidoc.Prefix+"/") {
			served[rt.Method+" "+strings.TrimPrefix(rt.Path, apidoc.Prefix)] = true
		}
	}
	described := map[string]bool{}
	for _, op := range apidoc.Operations() {
		described[op.Method+" "+op.Path] = true
	}
	ruled := map[string]bool{}
	for k := range auth.Rules() {
		if m, p, _ := strings.Cut(k, " "); strings.HasPrefix(p, apidoc.Prefix+"/") {
			ruled[m+" "+strings.TrimPrefix(p, apidoc.Prefix)] = true
		}
	}
	for _, pair := range []struct {
		a, b         map[string]bool
		aName, bName string
	}{{served, described, "served", "described"}, {described, served, "described", "served"}, {ruled, described, "in the access table", "described"}} {
		var missing []string
		for k := range pair.a {
			if !pair.b[k] {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s but not %s: %v", pair.aName, pair.bName, missing)
		}
	}

	// Every success answers a real schema, every error the error shape.
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", apidoc.Prefix+"/openapi.json", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			for code, resp := range op.Responses {
				for media, c := range resp.Content {
					s := c.Schema
					trivial := s["$ref"] == nil && s["allOf"] == nil && s["format"] != "binary" &&
						(s["type"] == nil || (s["type"] == "object" && s["properties"] == nil))
					if trivial {
						t.Errorf("%s %s %s %s: a bare schema %v", method, path, code, media, s)
					}
					if code >= "400" && s["$ref"] != "#/components/schemas/ErrorAnswer" {
						t.Errorf("%s %s %s: errors answer %v, want the error shape", method, path, code, s)
					}
				}
			}
		}
	}
}
