package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
)

const importUsage = `Usage:
  gateway import boundaries FILE.geojson --code-field FIELD --name-field FIELD [--db ...]
  gateway import directory PATH [--dry-run] [--db ...]
  gateway import people FILE.csv --map MAPPING --service ID --user EMAIL [--dry-run] [--db ...]
  gateway import transfer FILE.json --trust KEY.pub --service ID --user EMAIL [--area NAME] [--db ...]
`

// importCmd loads data from files: LA boundaries, an Open Referral
// directory, people from a legacy system, a record sent from another area.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "boundaries":
			return importBoundaries(ctx, args[1:], stdout, stderr)
		case "directory":
			return importDirectory(ctx, args[1:], stdout, stderr)
		case "people":
			return importPeople(ctx, args[1:], stdout, stderr)
		case "transfer":
			return importTransfer(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, importUsage)
	return fmt.Errorf("%w: say what to import (boundaries, directory, people, transfer)", errUsage)
}

const exportUsage = `Usage:
  gateway export directory [--format json|tabular] [--out PATH] [--db ...]
  gateway export statistics --la CODE [--month YYYY-MM] [--out FILE.csv] [--db ...]
  gateway export transfer-key --area NAME --out PATH
  gateway export transfer --person ID --service ID --user EMAIL --to AREA --key KEY --out FILE.json [--db ...]
`

// exportCmd writes data for other systems.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "directory":
			return exportDirectory(ctx, args[1:], stdout, stderr)
		case "statistics":
			return exportStatistics(ctx, args[1:], stdout, stderr)
		case "transfer":
			return exportTransfer(ctx, args[1:], stdout, stderr)
		case "transfer-key":
			return exportTransferKey(args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, exportUsage)
	return fmt.Errorf("%w: say what to export (directory, statistics, transfer)", errUsage)
}

// importBoundaries loads real LA boundaries (e.g. an ONS Local Authority
// Districts file in WGS84) and recomputes the LA of every street contact
// and public alert. LAs are matched by code: a known code gets the new name
// and boundary, an unknown one is added; LAs missing from the file are left
// as they are. Everything happens in one transaction.
func importBoundaries(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var codeField, nameField string
	var dryRun bool
	fs := c.dbFlags("import boundaries FILE.geojson", "Loads local authority boundaries from a GeoJSON FeatureCollection (WGS84 longitude/latitude),\ne.g. an ONS LAD file: --code-field LAD24CD --name-field LAD24NM. Street contacts and public\nalerts are reassigned to the LA their point now falls in.", "gateway.db", stderr)
	fs.StringVar(&codeField, "code-field", "", "feature property holding the LA code, e.g. LAD24CD (required)")
	fs.StringVar(&nameField, "name-field", "", "feature property holding the LA name, e.g. LAD24NM (required)")
	fs.BoolVar(&dryRun, "dry-run", false, "check the file and report what would change, without saving")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if file == "" || codeField == "" || nameField == "" {
		fs.Usage()
		return fmt.Errorf("%w: give the file, --code-field and --name-field", errUsage)
	}
	if err := c.validateDB(); err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	bounds, err := geo.ParseBoundaryCollection(data, codeField, nameField)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	store, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	var added, updated int
	var moved int64
	err = store.Tx(ctx, func(tx *models.Store) error {
		for i, nb := range bounds {
			b := nb.Boundary.Bound()
			_, created, err := tx.UpsertLAByCode(ctx, models.LAInput{Code: nb.Code, Name: nb.Name,
				Boundary: geo.BoundaryJSON(nb.Boundary), BBox: &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}})
			if err != nil {
				return fmt.Errorf("features[%d] (%s): %w", i, nb.Code, err)
			}
			if created {
				added++
			} else {
				updated++
			}
		}
		ix, err := laIndexOf(ctx, tx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Boundaries: %d added, %d updated. Reassigning street contacts…\n", added, updated)
		moved, err = tx.ReassignStreetContactLAs(ctx, locateWith(ix), func(done, total int64) {
			fmt.Fprintf(stdout, "\r  %d/%d street contacts checked", done, total)
		})
		fmt.Fprintln(stdout)
		if err == nil && dryRun {
			return errDryRun
		}
		return err
	})
	if err == errDryRun {
		fmt.Fprintf(stdout, "Dry run: %d street contacts would move LA. Nothing was saved.\n", moved)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %d boundaries from %s in %s: %d added, %d updated; %d street contacts moved LA.\n",
		len(bounds), file, time.Since(start).Round(10*time.Millisecond), added, updated, moved)
	return nil
}

var errDryRun = fmt.Errorf("dry run")

// laIndexOf builds the LA index from the boundaries stored in the database.
func laIndexOf(ctx context.Context, s *models.Store) (*geo.LAIndex, error) {
	las, err := s.LAs(ctx)
	if err != nil {
		return nil, err
	}
	var out []geo.LA
	for _, la := range las {
		g := geo.LA{ID: la.ID, Code: la.Code, Name: la.Name}
		if la.Boundary != "" {
			mp, err := geo.ParseBoundary([]byte(la.Boundary))
			if err != nil {
				return nil, fmt.Errorf("stored boundary of %s: %w", la.Code, err)
			}
			g.Boundary = mp
		}
		out = append(out, g)
	}
	return geo.NewLAIndex(out), nil
}

func locateWith(ix *geo.LAIndex) models.LocateFunc {
	return func(lat, lon float64) *int64 {
		if la, ok := ix.Locate(orb.Point{lon, lat}); ok {
			return &la.ID
		}
		return nil
	}
}

// validateDB checks the one setting the data commands (import, generate,
// bench) take; the server settings are serve's and demo's.
func (c *config) validateDB() error {
	if c.DB == "" {
		return fmt.Errorf("%w: --db is empty", errUsage)
	}
	return nil
}
