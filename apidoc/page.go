package apidoc

import (
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// page is the document for people, built once from the document itself
// (so it can say nothing the document does not).
type page struct {
	tpl  *web.Templates
	site *web.Site
	ops  []opView
	defs []defView
}

type opView struct {
	ID, Method, Path, Summary, Description string
	Roles                                  []string
	Params                                 []fieldView
	Body                                   []string // media types with their schema
	Responses                              []respView
}

type respView struct{ Status, Description, Schema string }

type fieldView struct{ Name, Type, Description string }

type defView struct {
	Name   string
	Fields []fieldView
}

func newPage(site *web.Site, doc []byte) (*page, error) {
	var d struct {
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	p := &page{site: site}
	for _, op := range Operations() {
		o := d.Paths[openAPIPath(op.Path)][strings.ToLower(op.Method)]
		v := opView{ID: str(o["operationId"]), Method: op.Method, Path: Prefix + openAPIPath(op.Path), Summary: op.Summary,
			Description: str(o["description"])}
		for _, r := range o["x-bdg-roles"].([]any) {
			v.Roles = append(v.Roles, str(r))
		}
		for _, prm := range list(o["parameters"]) {
			m := prm.(map[string]any)
			v.Params = append(v.Params, fieldView{Name: str(m["name"]) + " (" + str(m["in"]) + ")", Type: typeName(m["schema"]), Description: str(m["description"])})
		}
		if rb, ok := o["requestBody"].(map[string]any); ok {
			for media, c := range rb["content"].(map[string]any) {
				v.Body = append(v.Body, media+": "+typeName(c.(map[string]any)["schema"]))
			}
			sort.Strings(v.Body)
		}
		resp := o["responses"].(map[string]any)
		codes := make([]string, 0, len(resp))
		for code := range resp {
			codes = append(codes, code)
		}
		sort.Strings(codes)
		for _, code := range codes {
			r := resp[code].(map[string]any)
			sch := ""
			if c, ok := r["content"].(map[string]any); ok {
				for media, m := range c {
					sch = media + ": " + typeName(m.(map[string]any)["schema"])
				}
			}
			v.Responses = append(v.Responses, respView{Status: code, Description: str(r["description"]), Schema: sch})
		}
		p.ops = append(p.ops, v)
	}
	names := make([]string, 0, len(d.Components.Schemas))
	for n := range d.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		def := defView{Name: n}
		props, _ := d.Components.Schemas[n]["properties"].(map[string]any)
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			def.Fields = append(def.Fields, fieldView{Name: k, Type: typeName(props[k])})
		}
		p.defs = append(p.defs, def)
	}
	p.tpl = site.Parse(templateFiles, template.FuncMap{"anchor": func(s string) string { return "schema-" + s }}, nil, "docs")
	return p, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// typeName writes a schema briefly: a component's name, array of X, ...
func typeName(v any) string {
	m, _ := v.(map[string]any)
	if ref := str(m["$ref"]); ref != "" {
		return strings.TrimPrefix(ref, "#/components/schemas/")
	}
	if all := list(m["allOf"]); len(all) == 1 {
		return typeName(all[0]) + " | null"
	}
	t := str(m["type"])
	switch t {
	case "array":
		t = "[" + typeName(m["items"]) + "]"
	case "object":
		if ap, ok := m["additionalProperties"]; ok {
			t = "{string: " + typeName(ap) + "}"
		}
	case "":
		t = "any"
	}
	if f := str(m["format"]); f != "" {
		t += " (" + f + ")"
	}
	if e := list(m["enum"]); len(e) > 0 {
		var ss []string
		for _, x := range e {
			ss = append(ss, str(x))
		}
		t += " " + strings.Join(ss, "|")
	}
	if m["nullable"] == true {
		t += " | null"
	}
	return t
}

// docsData is the page's data.
type docsData struct {
	*web.Page
	Ops  []opView
	Defs []defView
}

// ServePage answers GET /api/docs.
func (h *Handler) ServePage(c *gin.Context) {
	lang := i18n.Lang(c)
	p := h.page.site.NewPage(c, "apidocs", i18n.Pick(lang, "Tài liệu API", "API reference"))
	h.page.tpl.Render(c, http.StatusOK, "docs", docsData{Page: p, Ops: h.page.ops, Defs: h.page.defs})
}

// Routes registers the document and the page.
func Routes(r gin.IRoutes, h *Handler) {
	r.GET(Prefix+"/openapi.json", func(c *gin.Context) { h.ServeDocument(c.Writer, c.Request) })
	r.GET("/api/docs", h.ServePage)
}
