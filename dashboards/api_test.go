package dashboards_test

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/web"
)

// TestOpenAPIListsEveryRoute keeps the OpenAPI file and the routes in step.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	dashboards.APIRoutes(r.Group("/api/v1"), dashboards.New(nil, web.NewSite(web.Options{Assets: as}), nil))
	var routes []string
	param := regexp.MustCompile(`:([a-z]+)`)
	for _, rt := range r.Routes() {
		p := param.ReplaceAllString(rt.Path[len("/api/v1"):], "{$1}")
		if p != "/openapi.json" {
			routes = append(routes, p)
		}
	}
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(b, &spec); err != nil || spec.OpenAPI == "" {
		t.Fatalf("openapi.json: %v", err)
	}
	var documented []string
	for p, ops := range spec.Paths {
		if _, ok := ops["get"]; !ok {
			t.Errorf("%s has no GET", p)
		}
		documented = append(documented, p)
	}
	sort.Strings(routes)
	sort.Strings(documented)
	if len(routes) != len(documented) {
		t.Fatalf("routes %v\ndocumented %v", routes, documented)
	}
	for i := range routes {
		if routes[i] != documented[i] {
			t.Errorf("route %s vs documented %s", routes[i], documented[i])
		}
	}
}
