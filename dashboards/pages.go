package dashboards

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/period"
)

// defaultIndicator is what the overview compares when nothing is chosen.
const defaultIndicator = "listeners_reached"

func (h *Handler) overview(c *gin.Context) {
	ctx := c.Request.Context()
	p := h.newPage(c, "overview", T(Lang(c), "overview.heading"))
	latest, ok, err := h.an.LatestPeriod(ctx)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if ok {
		cmp, err := h.an.CompareCommunes(ctx, analytics.CommuneFilter{Period: latest, Indicator: defaultIndicator})
		if err != nil {
			_ = c.Error(err)
			return
		}
		if p.Chart, err = communeBar(cmp, p.Lang, p.AreaName); err != nil {
			_ = c.Error(err)
			return
		}
		p.Data = cmp
	}
	h.render(c, http.StatusOK, "overview", p)
}

func (h *Handler) compareCommunes(c *gin.Context) {
	ctx := c.Request.Context()
	p := h.newPage(c, "compare", T(Lang(c), "compare.heading"))
	per, err := h.periodParam(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	code := c.DefaultQuery("indicator", defaultIndicator)
	cmp, err := h.an.CompareCommunes(ctx, analytics.CommuneFilter{Period: per, Indicator: code})
	if err != nil {
		_ = c.Error(err)
		return
	}
	if p.Chart, err = communeBar(cmp, p.Lang, p.AreaName); err != nil {
		_ = c.Error(err)
		return
	}
	p.Data = cmp
	if p.Periods, err = h.an.Periods(ctx); err != nil {
		_ = c.Error(err)
		return
	}
	cat, err := h.an.Catalogue(ctx)
	if err != nil {
		_ = c.Error(err)
		return
	}
	p.Indicators = cat.All()
	h.render(c, http.StatusOK, "compare_communes", p)
}

// periodParam reads ?period=, defaulting to the latest published period.
func (h *Handler) periodParam(c *gin.Context) (period.Period, error) {
	if s := c.Query("period"); s != "" {
		p, err := period.Parse(s)
		if err != nil {
			return p, &analytics.FilterError{Field: "period", Value: s, MessageVI: "Kỳ báo cáo không hợp lệ", MessageEN: "Invalid period"}
		}
		return p, nil
	}
	p, ok, err := h.an.LatestPeriod(c.Request.Context())
	if err != nil {
		return p, err
	}
	if !ok {
		return period.MustParse("2024-H1"), nil
	}
	return p, nil
}
