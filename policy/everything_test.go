package policy_test

import (
	"gorm.io/gorm"

	"gateway/models"
)

// everything sees every row; the matrix uses it only to enumerate the
// fixture's involvements, never to decide.
var everything = models.NewScope("test: every row", func(db *gorm.DB) *gorm.DB { return db })
