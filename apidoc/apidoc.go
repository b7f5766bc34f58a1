// Package apidoc describes bdg's whole JSON API as OpenAPI 3.0.3: every
// /api/v1 route from one table (Operations), each answer's schema made
// from the Go type the handler sends, the roles that may call it from the
// access table, the error shape and the ways to authenticate. It serves the
// document at /api/v1/openapi.json and a page for people at /api/docs,
// both without any request outside bdg. A test holds the table equal to
// the routes the router serves.
package apidoc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/web"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// errorAnswer is the shape of every error answer.
type errorAnswer struct {
	Error struct {
		Code      string `json:"code"`
		Field     string `json:"field"`
		MessageVI string `json:"message_vi"`
		MessageEN string `json:"message_en"`
		Rule      string `json:"rule,omitempty"`
	} `json:"error"`
	Problems []struct {
		Code      string `json:"code"`
		Field     string `json:"field"`
		MessageVI string `json:"message_vi"`
		MessageEN string `json:"message_en"`
	} `json:"problems,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// everyRoute are the error statuses any route can answer: every body is
// bounded (413) and so is every address (414), before the route is known.
var everyRoute = []int{401, 403, 413, 414, 429, 500, 503}

var statusText = map[int]string{
	400: "Yêu cầu không hợp lệ / bad request (a parameter or body that cannot be read)",
	401: "Chưa đăng nhập / not signed in: send Authorization: Bearer TOKEN",
	403: "Không có quyền / the role may not use this route, or the commune is not the caller's",
	404: "Không tìm thấy / not found",
	409: "Xung đột / conflicts with the current state (e.g. a superseded version)",
	413: "Quá lớn / body or file over its limit",
	414: "Địa chỉ quá dài / the URL is over 16 KB (choose fewer list values)",
	415: "Loại nội dung không hỗ trợ / unsupported Content-Type",
	422: "Không chấp nhận / well-formed but refused: the error names the field (and the rule)",
	429: "Quá nhiều lần thử / too many attempts",
	500: "Lỗi của bdg / bdg's own fault, logged with the request_id the answer carries",
	503: "Tạm thời không phục vụ / the database is unreachable: retry later (Retry-After)",
}

// Document builds the OpenAPI document as JSON. rules is the access table
// (auth.Rules), whose roles each operation lists in x-bdg-roles.
func Document(rules map[string]auth.Rule) ([]byte, error) {
	s := newSchemas()
	errRef := s.of(reflect.TypeFor[errorAnswer]())
	paths := map[string]map[string]any{}
	for _, op := range Operations() {
		path := openAPIPath(op.Path)
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		rule, ok := rules[op.Method+" "+Prefix+op.Path]
		if !ok {
			return nil, fmt.Errorf("apidoc: %s %s has no access rule", op.Method, op.Path)
		}
		paths[path][strings.ToLower(op.Method)] = s.operation(op, rule, errRef)
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "bdg API",
			"version": "1",
			"description": "Số liệu báo cáo bình đẳng giới cấp xã / commune gender-equality figures. " +
				"Reads answer the latest published version of each report. Numbers are plain JSON numbers (no formatting); null means not stated. " +
				"Errors are {\"error\": {\"code\", \"field\", \"message_vi\", \"message_en\"}} with the status of the table below each route. " +
				"Authenticate with a bearer token (bdg token create) or, from a browser, the session cookie plus the X-CSRF-Token header on writes.",
		},
		"servers":  []any{map[string]any{"url": Prefix}},
		"security": []any{map[string]any{"bearerAuth": []any{}}, map[string]any{"sessionCookie": []any{}, "csrfHeader": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas": s.components,
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer",
					"description": "An API token: bdg token create --role ROLE [--commune CODE]. Needs no CSRF token."},
				"sessionCookie": map[string]any{"type": "apiKey", "in": "cookie", "name": auth.SessionCookie,
					"description": "A browser session (the login page); writes also need csrfHeader."},
				"csrfHeader": map[string]any{"type": "apiKey", "in": "header", "name": auth.CSRFHeader,
					"description": "The session's CSRF token, required with the cookie on POST."},
			},
		},
	}
	return json.MarshalIndent(doc, "", " ")
}

var ginParam = regexp.MustCompile(`:([a-z]+)`)

// openAPIPath writes Gin's /reports/:id as /reports/{id}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

func (s *schemas) operation(op Operation, rule auth.Rule, errRef map[string]any) map[string]any {
	roles := make([]string, 0, len(rule.Roles))
	for _, r := range rule.Roles {
		roles = append(roles, string(r))
	}
	desc := op.Description
	if desc != "" {
		desc += "\n\n"
	}
	desc += "Vai trò / roles: " + strings.Join(roles, ", ") + "."
	if rule.Scope == auth.ScopeReport {
		desc += " A commune reporter only for its own commune's reports (others answer 404)."
	}
	out := map[string]any{
		"operationId": operationID(op),
		"summary":     op.Summary,
		"description": desc,
		"x-bdg-roles": roles,
	}
	var params []any
	for _, p := range op.Params {
		params = append(params, paramSchema(p))
	}
	if len(params) > 0 {
		out["parameters"] = params
	}
	if op.Body != nil {
		content := map[string]any{}
		if op.Body.JSON != nil {
			content["application/json"] = map[string]any{"schema": s.of(reflect.TypeOf(op.Body.JSON))}
		}
		if len(op.Body.Multipart) > 0 {
			props, required := map[string]any{}, []string{}
			for _, f := range op.Body.Multipart {
				sch := map[string]any{"type": "string", "description": f.Description}
				switch {
				case f.Name == "file":
					sch["format"] = "binary"
				case f.Type == "boolean":
					sch["type"] = "boolean"
				case f.Pattern != "":
					sch["pattern"] = f.Pattern
				}
				props[f.Name] = sch
				if f.Required {
					required = append(required, f.Name)
				}
			}
			content["multipart/form-data"] = map[string]any{"schema": map[string]any{"type": "object", "properties": props, "required": required}}
		}
		out["requestBody"] = map[string]any{"required": op.Body.JSON == nil, "content": content}
	}
	responses := map[string]any{}
	ok := map[string]any{"description": "OK"}
	switch {
	case op.Media != "":
		ok["content"] = map[string]any{op.Media: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	case op.Answer != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": s.of(reflect.TypeOf(op.Answer))}}
	}
	for _, code := range append([]int{op.OK}, op.Also...) {
		responses[strconv.Itoa(code)] = ok
	}
	errs := append(append([]int{}, op.Errors...), everyRoute...)
	sort.Ints(errs)
	for _, code := range errs {
		responses[strconv.Itoa(code)] = map[string]any{"description": statusText[code],
			"content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}
	out["responses"] = responses
	return out
}

func paramSchema(p Param) map[string]any {
	sch := map[string]any{"type": "string"}
	switch p.Type {
	case "array":
		sch = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	case "boolean":
		sch = map[string]any{"type": "boolean"}
	}
	if len(p.Enum) > 0 {
		sch["enum"] = p.Enum
	}
	if p.Pattern != "" {
		sch["pattern"] = p.Pattern
	}
	out := map[string]any{"name": p.Name, "in": p.In, "required": p.Required, "description": p.Description, "schema": sch}
	if p.Type == "array" {
		// Both "a,b" and a repeated parameter are accepted; the document
		// says the repeated form.
		out["style"], out["explode"] = "form", true
	}
	if p.Example != nil {
		out["example"] = p.Example
	}
	return out
}

// operationID names an operation for generated clients: getCompareCommunes.
func operationID(op Operation) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(op.Method))
	for _, part := range strings.FieldsFunc(op.Path, func(r rune) bool { return r == '/' || r == '.' || r == '_' }) {
		if strings.HasPrefix(part, ":") {
			part = "by_" + part[1:]
		}
		for _, w := range strings.Split(part, "_") {
			if w != "" {
				b.WriteString(strings.ToUpper(w[:1]) + w[1:])
			}
		}
	}
	return b.String()
}

// Handler serves the document and the page for people.
type Handler struct {
	doc  []byte
	page *page
}

// New builds the document once.
func New(rules map[string]auth.Rule, site *web.Site) (*Handler, error) {
	doc, err := Document(rules)
	if err != nil {
		return nil, err
	}
	p, err := newPage(site, doc)
	if err != nil {
		return nil, err
	}
	return &Handler{doc: doc, page: p}, nil
}

// ServeDocument answers GET /api/v1/openapi.json.
func (h *Handler) ServeDocument(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(h.doc)
}
