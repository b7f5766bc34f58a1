// Package apitest holds tests to bdg's API document: Wrap puts a validator
// in front of a handler under test, so every /api/v1 answer a test receives
// is checked against /api/v1/openapi.json (and every request the server
// accepted too). A mismatch fails the test that made the call.
package apitest

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/bdg-district/bdg/apidoc"
	"github.com/bdg-district/bdg/auth"
)

var (
	once   sync.Once
	router routers.Router
	doc    *openapi3.T
	docErr error
)

// Document loads and validates the document as OpenAPI 3, once per test
// binary (it is the same for every test).
func Document(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	once.Do(func() {
		b, err := apidoc.Document(auth.Rules())
		if err != nil {
			docErr = err
			return
		}
		loader := openapi3.NewLoader()
		if doc, docErr = loader.LoadFromData(b); docErr != nil {
			return
		}
		if docErr = doc.Validate(context.Background()); docErr != nil {
			return
		}
		// The document names its server as /api/v1: routes match the path
		// as the handler sees it.
		router, docErr = legacy.NewRouter(doc)
	})
	if docErr != nil {
		t.Fatalf("apitest: the API document: %v", docErr)
	}
	return doc, router
}

// Wrap checks every /api/v1 exchange through h against the document.
func Wrap(t testing.TB, h http.Handler) http.Handler {
	_, rt := Document(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, apidoc.Prefix+"/") {
			h.ServeHTTP(w, r)
			return
		}
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		check(t, rt, r, body, rec)
	})
}

// Transport checks every /api/v1 exchange a client makes through it (tests
// of real bdg processes); base is the transport that makes the calls.
func Transport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	_, rt := Document(t)
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		if !strings.HasPrefix(r.URL.Path, apidoc.Prefix+"/") {
			return base.RoundTrip(r)
		}
		var body []byte
		if r.Body != nil {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		resp, err := base.RoundTrip(r)
		if err != nil {
			return resp, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		rec := httptest.NewRecorder()
		for k, v := range resp.Header {
			rec.Header()[k] = v
		}
		rec.WriteHeader(resp.StatusCode)
		_, _ = rec.Write(b)
		// The document's paths are relative to the server: check the path
		// only, as Wrap sees it.
		local := r.Clone(context.Background())
		local.URL.Scheme, local.URL.Host, local.Host = "", "", ""
		check(t, rt, local, body, rec)
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func check(t testing.TB, rt routers.Router, r *http.Request, body []byte, rec *httptest.ResponseRecorder) {
	t.Helper()
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := rt.FindRoute(req)
	if err != nil {
		if rec.Code < 400 {
			t.Errorf("apitest: %s %s answered %d but is not in the API document: %v", r.Method, r.URL.Path, rec.Code, err)
		}
		return // an unknown path or method must be refused, which it was
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	// A request the server accepted must be one the document allows; a
	// refused one is the server saying what the document says.
	if rec.Code < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("apitest: %s %s was accepted (%d) but the document refuses the request: %v", r.Method, r.URL.String(), rec.Code, err)
		}
	}
	if rec.Code == http.StatusNotModified {
		return
	}
	resp := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(resp))
		if err != nil {
			t.Errorf("apitest: %s %s: gzip: %v", r.Method, r.URL.Path, err)
			return
		}
		resp, _ = io.ReadAll(zr)
	}
	hdr := rec.Header().Clone()
	hdr.Del("Content-Encoding")
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: hdr, Options: opts}
	out.SetBodyBytes(resp)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("apitest: %s %s answered %d, which the document does not describe: %v\n%s", r.Method, r.URL.String(), rec.Code, err, truncate(resp))
	}
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}
