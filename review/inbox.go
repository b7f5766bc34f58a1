package review

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

// InboxItem is one version waiting for a decision, with what the officer
// should know before opening it.
type InboxItem struct {
	Report      model.Report `json:"report"`
	CommuneName string       `json:"commune_name"`
	// Errors and Warnings count the validation rules its values fail.
	Errors    int  `json:"errors"`
	Warnings  int  `json:"warnings"`
	Conflicts int  `json:"conflicts"`
	Late      bool `json:"late"`
}

// InboxFilter narrows the inbox; zero fields match all.
type InboxFilter struct {
	Commune string
	Period  string
	// Status is "warnings", "conflicts", "late" or "errors" to keep only
	// versions with those; "" keeps every waiting version.
	Status string
	Source string
}

// maxInbox bounds the versions an inbox shows (the newest first).
const maxInbox = 500

// waiting lists the versions of the area's communes waiting for a
// decision, newest first, with each commune's unit.
func (h *Handler) waiting(ctx context.Context) ([]model.Report, map[string]units.Unit, error) {
	names := map[string]units.Unit{}
	var codes []string
	for _, era := range []period.Era{period.Era2025, period.EraPre2025} {
		list, err := h.area.Communes(ctx, era)
		if err != nil {
			return nil, nil, err
		}
		for _, u := range list {
			names[string(era)+"|"+u.Code] = u
			codes = append(codes, u.Code)
		}
	}
	all, err := h.st.Waiting(ctx, codes)
	if err != nil {
		return nil, nil, err
	}
	var out []model.Report
	for _, r := range all {
		// A code names different communes in each era: keep the area's.
		if _, ok := names[string(r.Era)+"|"+r.Commune]; ok {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].SubmittedAt.After(out[j].SubmittedAt) })
	return out, names, nil
}

// Inbox lists the versions of the area's communes waiting for a decision,
// newest first, with their rule failures, conflicts and lateness.
func (h *Handler) Inbox(ctx context.Context, f InboxFilter) ([]InboxItem, error) {
	waiting, names, err := h.waiting(ctx)
	if err != nil {
		return nil, err
	}
	cat := h.svc.Catalogue(ctx)
	out := []InboxItem{}
	for _, r := range waiting {
		u := names[string(r.Era)+"|"+r.Commune]
		if (f.Commune != "" && r.Commune != f.Commune) || (f.Period != "" && r.Period.String() != f.Period) ||
			(f.Source != "" && r.SourceKind != f.Source) {
			continue
		}
		vals, err := h.st.Values(ctx, r)
		if err != nil {
			return nil, err
		}
		it := InboxItem{Report: r, CommuneName: u.FullName(), Conflicts: len(r.Conflicts),
			Late: r.SubmittedAt.After(h.area.Deadline(r.Period))}
		for _, fl := range cat.Check(valueFigures(vals)) {
			if fl.Severity == catalogue.SeverityError {
				it.Errors++
			} else {
				it.Warnings++
			}
		}
		it.Warnings += len(r.Warnings)
		keep := map[string]bool{"": true, "warnings": it.Warnings > 0, "errors": it.Errors > 0,
			"conflicts": it.Conflicts > 0, "late": it.Late}[f.Status]
		if !keep {
			continue
		}
		out = append(out, it)
		if len(out) == maxInbox {
			break
		}
	}
	return out, nil
}

func valueFigures(vals []model.Value) catalogue.Figures {
	f := make(catalogue.Figures, len(vals))
	for _, v := range vals {
		f[v.Indicator] = v.Value
	}
	return f
}

// inboxFilter reads the inbox's filters from the URL, checked.
func inboxFilter(c *gin.Context) (InboxFilter, error) {
	f := InboxFilter{Commune: strings.TrimSpace(c.Query("commune")), Period: strings.TrimSpace(c.Query("period")),
		Status: c.Query("status"), Source: c.Query("source")}
	if f.Commune != "" && !units.ValidCommuneCode(f.Commune) {
		return f, apperr.BadRequest("bad_filter", "commune", "Mã xã phải gồm 5 chữ số", "A commune code has five digits")
	}
	if f.Period != "" {
		p, err := period.Parse(f.Period)
		if err != nil {
			return f, apperr.BadRequest("bad_filter", "period", "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1)", "The period is not valid (e.g. 2024-H1)")
		}
		f.Period = p.String()
	}
	switch f.Status {
	case "", "warnings", "errors", "conflicts", "late":
	default:
		return f, apperr.BadRequest("bad_filter", "status", "Trạng thái lọc không hợp lệ", "Invalid status filter")
	}
	switch f.Source {
	case "", "txt", "docx", "json", "csv", "xlsx", "form":
	default:
		return f, apperr.BadRequest("bad_filter", "source", "Nguồn không hợp lệ", "Invalid source")
	}
	return f, nil
}

// inboxData is the inbox page's data.
type inboxData struct {
	Items  []InboxItem
	Filter InboxFilter
}

// loadInbox reads the filters and the inbox they select; false when it
// has answered with an error.
func (h *Handler) loadInbox(c *gin.Context) ([]InboxItem, InboxFilter, bool) {
	f, err := inboxFilter(c)
	if err == nil {
		var items []InboxItem
		if items, err = h.Inbox(c.Request.Context(), f); err == nil {
			return items, f, true
		}
	}
	web.Abort(c, err)
	return nil, f, false
}

func (h *Handler) inbox(c *gin.Context) {
	items, f, ok := h.loadInbox(c)
	if !ok {
		return
	}
	p := h.newPage(c, "inbox", "inbox.heading")
	p.Communes = h.allCommunes(c)
	p.Periods = periodChoices(h.now())
	p.Data = inboxData{Items: items, Filter: f}
	h.render(c, http.StatusOK, "inbox", p)
}

// apiInbox is the inbox for scripts: GET /api/v1/review.
func (h *Handler) apiInbox(c *gin.Context) {
	items, _, ok := h.loadInbox(c)
	if !ok {
		return
	}
	web.NoStore(c)
	c.JSON(http.StatusOK, gin.H{"waiting": items})
}

// badgeCache keeps the inbox count shown in every officer's navigation
// for a few seconds: the count needs a query, and every page shows it.
type badgeCache struct {
	mu    sync.Mutex
	n     int
	until time.Time
}

const badgeTTL = 10 * time.Second

// badges are the navigation counts for w: the versions waiting, for those
// who decide.
func (h *Handler) badges(c *gin.Context, w web.Who) map[string]int {
	if !w.May("GET /review") {
		return nil
	}
	h.badge.mu.Lock()
	defer h.badge.mu.Unlock()
	if h.now().Before(h.badge.until) {
		return map[string]int{"inbox": h.badge.n}
	}
	waiting, _, err := h.waiting(c.Request.Context())
	if err != nil {
		return nil // the page itself will say what is wrong
	}
	h.badge.n, h.badge.until = len(waiting), h.now().Add(badgeTTL)
	return map[string]int{"inbox": h.badge.n}
}

// forgetBadge makes the next page count again (after a decision).
func (h *Handler) forgetBadge() {
	h.badge.mu.Lock()
	h.badge.until = time.Time{}
	h.badge.mu.Unlock()
}
