package storesource

import (
	"context"
	"strconv"

	"steward/assets"
	"steward/assets/report"
)

// SiteVisit gives the site visit report one scan (0: the latest) and what
// the site's previous scan saw.
func (s Source) SiteVisit(ctx context.Context, scanID int64) (report.SiteVisitInput, error) {
	v, err := s.Store.SiteVisit(ctx, scanID)
	if err != nil {
		return report.SiteVisitInput{}, err
	}
	in := report.SiteVisitInput{Site: v.Site, ScanAt: v.Finished, HasPrevious: v.PrevID != 0, PreviousAt: v.PrevFinished}
	for _, sg := range v.Found {
		d := device(sg)
		in.Devices = append(in.Devices, d)
		if in.HasPrevious && !v.New[sg.ID] {
			in.Previous = append(in.Previous, d) // seen before, seen again
		}
	}
	for _, sg := range v.Missing {
		in.Previous = append(in.Previous, device(sg))
	}
	return in, nil
}

func device(sg assets.Sighting) report.SiteDevice {
	addr := ""
	if len(sg.Addresses) > 0 {
		addr = sg.Addresses[0]
	}
	model := sg.Model
	if sg.Vendor != "" {
		model = sg.Vendor + " " + sg.Model
	}
	return report.SiteDevice{Key: strconv.FormatInt(sg.ID, 10), Name: sg.Name, Class: sg.Class, Host: sg.HostName, Address: addr, Model: model}
}
