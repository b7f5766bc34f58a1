package review

import (
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/web"
)

// dueRow is a period a commune reports on: when it is due and what the
// district has of it.
type dueRow struct {
	Period   period.Period
	Deadline time.Time
	// Status is the latest version's ("" for none sent), and Version its number.
	Status  string
	Version uint32
	ID      string
	Overdue bool // nothing sent and the deadline has passed
}

// mineData is a commune's own page.
type mineData struct {
	CommuneName string
	Due         []dueRow
	Versions    []model.Report
}

// mine is a commune reporter's landing page: its own submissions and
// their status, and what is due by when.
func (h *Handler) mine(c *gin.Context) {
	p := h.newPage(c, "mine", "mine.heading")
	who := web.WhoFrom(c)
	own := who.OwnCommune()
	ctx := c.Request.Context()
	d := mineData{CommuneName: own}
	var versions []model.Report
	if owner := who.Owner(); owner != nil {
		var err error
		if versions, err = h.st.Reports(ctx, model.ReportFilter{Communes: owner.Codes()}); err != nil {
			web.Abort(c, err)
			return
		}
		// A code is reused across the 2025 reform: only the reporter's unit.
		versions = slices.DeleteFunc(versions, func(r model.Report) bool { return !who.Owns(r.Era, r.Commune) })
		if u, ok, _ := h.area.Unit(ctx, owner.Era, own); ok {
			d.CommuneName = u.FullName()
		}
	}
	sort.SliceStable(versions, func(i, j int) bool { return versions[i].SubmittedAt.After(versions[j].SubmittedAt) })
	d.Versions = versions
	latest := map[period.Period]model.Report{}
	for _, r := range versions {
		if cur, ok := latest[r.Period]; !ok || r.Version > cur.Version {
			latest[r.Period] = r
		}
	}
	now := h.now()
	// The half-years and years of this year and the last: the periods the
	// district asks every commune for.
	for y := now.Year(); y >= now.Year()-1; y-- {
		for _, per := range []period.Period{{Year: y, Kind: period.Year}, {Year: y, Kind: period.Half, N: 2}, {Year: y, Kind: period.Half, N: 1}} {
			// A period of an era the reporter has no unit in is not its
			// to send (an old commune after the reform, a new one before).
			if per.Start().After(now) || who.CommuneIn(per.Era()) == "" {
				continue
			}
			row := dueRow{Period: per, Deadline: h.area.Deadline(per)}
			if r, ok := latest[per]; ok {
				row.Status, row.Version, row.ID = r.Status, r.Version, r.ID
			}
			row.Overdue = row.Status == "" && now.After(row.Deadline)
			d.Due = append(d.Due, row)
		}
	}
	p.Data = d
	h.render(c, http.StatusOK, "mine", p)
}
