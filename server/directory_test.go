package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"gateway/models"
)

// The directory API gives the area's services as HSDS; the refuge is left
// out, or (as the area chooses) listed without its address or point, for
// every caller, and the answer imports as HSDS again.
func TestDirectoryAPIKeepsConfidentialLocations(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, mode := range []string{"", models.DirConfidentialNoLocation} {
		if mode != "" {
			if err := w.store.SetAreaSetting(ctx, models.SettingDirectoryConfidential, mode, w.users["admin"].ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, role := range roles {
			for _, q := range []string{"", "?format=tabular"} {
				r := w.api(role).get("/api/v1/directory" + q)
				if r.status != http.StatusOK || !strings.Contains(r.body, w.svcs["hostel"].Name) {
					t.Fatalf("%s %s: %d %.300s", role, q, r.status, r.body)
				}
				if strings.Contains(r.body, addressMarker) || seesRefugePoint(r.body) != "" {
					t.Errorf("%s (mode %q): the directory shows the refuge's address or point", role, mode)
				}
				if got := strings.Contains(r.body, w.svcs["refuge"].Name); got != (mode != "") {
					t.Errorf("mode %q: refuge listed = %v", mode, got)
				}
				if _, err := models.ReadDirectoryJSON("directory.json", []byte(r.body)); err != nil {
					t.Errorf("%s %s: the answer does not import: %v", role, q, err)
				}
			}
		}
	}
	if r := w.api("hostel").get("/api/v1/directory?format=xml"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "format") {
		t.Errorf("format=xml: %d %s", r.status, r.body)
	}
}
