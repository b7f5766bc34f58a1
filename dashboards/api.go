package dashboards

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/period"
)

// APIRoutes registers the JSON API (mounted under /api/v1). Every answer is
// the same struct the pages draw; errors are {"error": {...}} with a 4xx,
// written by the server's error middleware.
func APIRoutes(r gin.IRoutes, h *Handler) {
	r.GET("/indicators", h.apiIndicators)
	r.GET("/periods", h.apiPeriods)
	r.GET("/communes", h.apiCommunes)
	r.GET("/overview", h.apiOverview)
	r.GET("/compare/communes", h.apiCompareCommunes)
	r.GET("/compare/periods", h.apiComparePeriods)
	r.GET("/trends", h.apiTrends)
	r.GET("/completeness", h.apiCompleteness)
	r.GET("/quality", h.apiQuality)
	r.GET("/communes/:code", h.apiProfile)
	r.GET("/reports", h.apiReports)
	r.GET("/reports/:id/text", h.apiReport)
}

// reply writes data, or attaches err for the error middleware.
func reply[T any](c *gin.Context, data T, err error) {
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, data)
}

func (h *Handler) apiIndicators(c *gin.Context) {
	cat, err := h.an.Catalogue(c.Request.Context())
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"indicators": cat.All()})
}

func (h *Handler) apiPeriods(c *gin.Context) {
	ps, err := h.an.PeriodChoices(c.Request.Context())
	if ps == nil {
		ps = []period.Period{}
	}
	reply(c, gin.H{"periods": ps}, err)
}

func (h *Handler) apiCommunes(c *gin.Context) {
	era, err := eraParam(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	out := gin.H{}
	for _, e := range []period.Era{period.EraPre2025, period.Era2025} {
		if era != "" && era != e {
			continue
		}
		list, err := h.an.Communes(c.Request.Context(), e)
		if err != nil {
			_ = c.Error(err)
			return
		}
		out[string(e)] = list
	}
	c.JSON(http.StatusOK, gin.H{"area": h.an.AreaName(c.Request.Context()), "communes": out})
}

func (h *Handler) apiOverview(c *gin.Context) {
	p, ok, err := h.optionalPeriod(c)
	if err == nil && !ok { // no period asked for, and none published yet
		err = apperr.NotFound("no_published_reports", "period", "Chưa có báo cáo nào được công bố", "No report has been published yet")
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ov, err := h.an.Overview(c.Request.Context(), p)
	reply(c, ov, err)
}

// apiCompareCommunes is the most used answer (shared links, kiosks): its
// encoded and gzipped bytes are kept until the data changes.
func (h *Handler) apiCompareCommunes(c *gin.Context) {
	h.cachedJSON(c, func() (any, error) { return h.loadCompareCommunes(c) })
}

// cachedJSON answers from the response cache, or encodes what load returns
// and keeps its plain and gzipped bytes until the data changes (the
// comparison and the completeness matrix: large, asked for again and again).
func (h *Handler) cachedJSON(c *gin.Context, load func() (any, error)) {
	key := c.Request.URL.Path + "?" + c.Request.URL.RawQuery
	ver := h.an.Version(c.Request.Context())
	if h.resp.serve(c, key, ver) {
		return
	}
	v, err := load()
	if err != nil {
		_ = c.Error(err)
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		_ = c.Error(err)
		return
	}
	h.resp.put(key, ver, body)
	h.resp.serve(c, key, ver)
}

func (h *Handler) apiComparePeriods(c *gin.Context) {
	pc, _, err := h.loadComparePeriods(c)
	reply(c, pc, err)
}

func (h *Handler) apiTrends(c *gin.Context) {
	tr, _, err := h.loadTrends(c)
	reply(c, tr, err)
}

func (h *Handler) apiCompleteness(c *gin.Context) {
	h.cachedJSON(c, func() (any, error) { return h.loadCompleteness(c) })
}

func (h *Handler) apiQuality(c *gin.Context) {
	p, err := h.periodParam(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	q, err := h.an.QualityFlags(c.Request.Context(), analytics.QualityFilter{Period: p, Indicators: list(c, "indicators")})
	reply(c, q, err)
}

func (h *Handler) apiProfile(c *gin.Context) {
	prof, err := h.loadProfile(c)
	reply(c, prof, err)
}

func (h *Handler) apiReports(c *gin.Context) {
	list, _, err := h.loadReports(c)
	reply(c, gin.H{"reports": list}, err)
}

func (h *Handler) apiReport(c *gin.Context) {
	rt, ok, err := h.an.Report(c.Request.Context(), c.Param("id"))
	if err == nil && !ok {
		err = reportNotFound()
	}
	reply(c, rt, err)
}
