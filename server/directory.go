package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// directory is the area's service directory in Open Referral HSDS 3.0 (the
// Open Referral UK profile): HSDS JSON, or with ?format=tabular the
// tabular datapackage's rows as JSON keyed by CSV file name. It names no
// person; confidential services follow the area's choice (left out, or
// listed without location or address) for every caller alike.
func (s *Server) directory(c *gin.Context) {
	ctx := c.Request.Context()
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "tabular" {
		s.fail(c, models.Invalid("format", "must be json or tabular"))
		return
	}
	mode, err := s.store.DirectoryConfidentialMode(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.store.ExportDirectory(ctx, mode)
	if err != nil {
		s.fail(c, err)
		return
	}
	var body []byte
	if format == "tabular" {
		body, err = d.TabularJSON()
	} else {
		body, err = d.JSON()
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}
