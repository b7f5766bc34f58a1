// Package server wires bdg's HTTP application: middleware, health, assets,
// the dashboards and the API. All routes are registered here, in one place.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"

	"github.com/bdg-district/bdg/apidoc"
	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/summary"
	"github.com/bdg-district/bdg/web"
)

// Health reports the database state for /healthz.
type Health interface {
	Ping(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int, error)
}

// Deps are the application's parts.
type Deps struct {
	Health Health
	Assets *assets.Server
	// APIDoc serves the OpenAPI document and its page.
	APIDoc *apidoc.Handler
	// Site is the shared page machinery: layout, error pages.
	Site       *web.Site
	Dashboards *dashboards.Handler
	Ingest     *ingest.API
	Review     *review.Handler
	// Summary is the office's own report (/summary); optional.
	Summary *summary.Handler
	// Auth is access control; it is required unless WithoutAccessControl.
	Auth *auth.Auth
	// WithoutAccessControl serves every route to anyone. Only page tests
	// set it; saying so explicitly keeps a forgotten Auth from going unseen.
	WithoutAccessControl bool
	Logger               *slog.Logger
	// TrustedProxies may set X-Forwarded-For (the client address used by
	// login rate limits and the audit log); none by default.
	TrustedProxies []string
}

// New builds the application and wraps it with gzip.
func New(d Deps) http.Handler { return Serve(NewEngine(d)) }

// Serve is engine as bdg serves it: wrapped with gzip.
func Serve(engine *gin.Engine) http.Handler { return gzhttp.GzipHandler(engine) }

// NewEngine builds the Gin engine with every route (engine.Routes() lists
// them for the authorization matrix test).
func NewEngine(d Deps) *gin.Engine {
	if d.Auth == nil && !d.WithoutAccessControl {
		panic("server: Deps.Auth is required (set WithoutAccessControl only in tests)")
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		d.Logger.Error("trusted proxies", "err", err)
	}
	// Order matters: the audit entry is written outermost, after the one
	// error middleware has answered, so it records the status sent; a panic
	// becomes an error inside it.
	r.Use(requestLog(d.Logger), auth.SecurityHeaders())
	if d.Auth != nil {
		r.Use(d.Auth.AuditWrites())
	}
	r.Use(d.Site.Errors(store.Unavailable), recovery(), limitURI(MaxURI))
	if d.Auth != nil {
		r.Use(d.Auth.Authenticate(), d.Auth.Guard())
		auth.Routes(r, d.Auth)
	}
	r.GET("/healthz", health(d.Health))
	r.HEAD("/healthz", health(d.Health))
	r.GET(assets.Prefix+"*path", gin.WrapH(d.Assets))
	r.HEAD(assets.Prefix+"*path", gin.WrapH(d.Assets))
	dashboards.Routes(r, d.Dashboards)
	dashboards.APIRoutes(r.Group("/api/v1"), d.Dashboards)
	api := r.Group("/api/v1")
	if d.Ingest != nil {
		ingest.APIRoutes(api, d.Ingest)
	}
	if d.APIDoc != nil {
		apidoc.Routes(r, d.APIDoc)
	}
	if d.Review != nil {
		review.Routes(r, d.Review)
		review.APIRoutes(api, d.Review)
	}
	if d.Summary != nil {
		summary.Routes(r, d.Summary)
	}
	r.NoRoute(func(c *gin.Context) {
		web.Abort(c, apperr.NotFound("not_found", "", "Không tìm thấy trang", "Page not found"))
	})
	return r
}

// health answers /healthz: anyone learns whether bdg can serve
// ({"status":"ok"}, or 503 {"status":"unavailable"}); only an administrator
// learns why (the database's state, the dial error, which names its address,
// and the schema version).
func health(h Health) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
		defer cancel()
		status, out := http.StatusOK, gin.H{"status": "ok", "clickhouse": "up"}
		if err := h.Ping(ctx); err != nil {
			status, out = http.StatusServiceUnavailable, gin.H{"status": "unavailable", "clickhouse": "down", "error": err.Error()}
		} else if v, err := h.SchemaVersion(ctx); err != nil {
			status, out = http.StatusServiceUnavailable, gin.H{"status": "unavailable", "clickhouse": "up", "error": err.Error()}
		} else {
			out["schema_version"] = v
		}
		if p, ok := auth.FromContext(c); !ok || p.Role != auth.RoleAdmin {
			out = gin.H{"status": out["status"]}
		}
		web.NoStore(c)
		c.JSON(status, out)
	}
}

// MaxURI bounds a request's path and query. bdg's longest links (a trend of
// every commune of a province, each named in the query) stay well under it;
// anything longer is refused before any work, signed in or not, rather than
// answered with a page as long as the URL asks.
const MaxURI = 16 << 10

// MaxHeaderBytes bounds a request's line and headers as the HTTP server
// reads them (net/http's default is 1 MB): past it the server itself
// answers 431 and reads no further.
const MaxHeaderBytes = 64 << 10

// limitURI refuses a request whose URI is longer than most with 414.
func limitURI(most int) gin.HandlerFunc {
	return func(c *gin.Context) {
		if len(c.Request.RequestURI) > most || len(c.Request.URL.RawQuery) > most {
			// The error page links to itself (the language switch): not
			// with the query it refuses.
			c.Request.URL.RawQuery = ""
			web.Abort(c, apperr.New(http.StatusRequestURITooLong, "uri_too_long", "",
				fmt.Sprintf("Địa chỉ quá dài (tối đa %d KB); hãy chọn ít giá trị hơn", most>>10),
				fmt.Sprintf("The address is too long (at most %d KB); choose fewer values", most>>10)))
			return
		}
		c.Next()
	}
}

// recovery turns a panic into an error for the error middleware: a 500
// with a logged request id, like any other failure of bdg's own.
func recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if rec := recover(); rec != nil {
				web.Abort(c, fmt.Errorf("server: panic: %v\n%s", rec, debug.Stack()))
			}
		}()
		c.Next()
	}
}

func requestLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		log.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "ms", time.Since(start).Milliseconds())
	}
}
