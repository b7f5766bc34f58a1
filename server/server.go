// Package server wires bdg's HTTP application: middleware, health, assets,
// the dashboards and the API. All routes are registered here, in one place.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/review"
)

// Health reports the database state for /healthz.
type Health interface {
	Ping(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int, error)
}

// Deps are the application's parts.
type Deps struct {
	Health     Health
	Assets     *assets.Server
	Dashboards *dashboards.Handler
	Ingest     *ingest.API
	Review     *review.Handler
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
func New(d Deps) http.Handler { return gzhttp.GzipHandler(NewEngine(d)) }

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
	r.Use(requestLog(d.Logger), recovery(d), auth.SecurityHeaders(), errorHandler(d))
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
	if d.Review != nil {
		review.Routes(r, d.Review)
	}
	r.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			c.JSON(http.StatusNotFound, apiError("not_found", "", "Không tìm thấy", "Not found"))
			return
		}
		d.Dashboards.RenderError(c, http.StatusNotFound, "error.notfound")
	})
	return r
}

func health(h Health) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
		defer cancel()
		if err := h.Ping(ctx); err != nil {
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "clickhouse": "down", "error": err.Error()})
			return
		}
		v, err := h.SchemaVersion(ctx)
		if err != nil {
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "clickhouse": "up", "error": err.Error()})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ok", "clickhouse": "up", "schema_version": v})
	}
}

// APIError is the JSON error shape of every API response.
type APIError struct {
	Code      string `json:"code"`
	Field     string `json:"field"`
	MessageVI string `json:"message_vi"`
	MessageEN string `json:"message_en"`
}

func apiError(code, field, vi, en string) gin.H {
	return gin.H{"error": APIError{Code: code, Field: field, MessageVI: vi, MessageEN: en}}
}

// errorHandler turns errors attached by handlers into one response: a
// bilingual JSON error under /api, an error page elsewhere. A user's mistake
// is a 4xx; an unreachable database is a 503, never a bare 500.
func errorHandler(d Deps) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if len(c.Errors) == 0 || c.Writer.Written() {
			return
		}
		err := c.Errors.Last().Err
		status, body := classify(err)
		if status >= 500 {
			d.Logger.Error("request failed", "path", c.Request.URL.Path, "err", err)
		}
		if strings.HasPrefix(c.Request.URL.Path, "/api/") || c.Query("format") == "json" {
			c.JSON(status, gin.H{"error": body})
			return
		}
		key := "error.bad"
		if status >= 500 {
			key = "error.db"
		}
		d.Dashboards.RenderErrorText(c, status, key, body.MessageVI, body.MessageEN)
	}
}

func classify(err error) (int, APIError) {
	var fe *analytics.FilterError
	if errors.As(err, &fe) {
		return http.StatusBadRequest, APIError{Code: "bad_filter", Field: fe.Field, MessageVI: fe.MessageVI, MessageEN: fe.MessageEN}
	}
	var ie *ingest.Error
	if errors.As(err, &ie) {
		status := http.StatusUnprocessableEntity
		if ie.Code == "report_not_found" {
			status = http.StatusNotFound
		}
		return status, APIError{Code: ie.Code, Field: ie.Field, MessageVI: ie.MessageVI, MessageEN: ie.MessageEN}
	}
	return http.StatusServiceUnavailable, APIError{Code: "unavailable",
		MessageVI: "Cơ sở dữ liệu tạm thời không truy cập được, vui lòng thử lại",
		MessageEN: "The database is temporarily unavailable, please try again"}
}

func recovery(d Deps) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if rec := recover(); rec != nil {
				d.Logger.Error("panic", "path", c.Request.URL.Path, "panic", rec)
				c.AbortWithStatusJSON(http.StatusInternalServerError, apiError("internal", "", "Lỗi hệ thống", "Internal error"))
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
