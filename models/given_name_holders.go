package models

import (
	"context"

	"gateway/models/names"
)

// GivenNameHolders counts, through scope, the people held whose name has
// the first word of given in it, up to names.HoldersCounted: how common the
// given name is among the people the reader may see, which the duplicate
// check needs before it offers a changed family name (matching's
// familyNameChanged). It counts only people the scope shows, so a hidden
// person changes nothing anyone else is offered; the bound keeps a David's
// count as cheap as a Morag's. -1 when given is empty.
func (s *Store) GivenNameHolders(ctx context.Context, scope Scope, given string) (int, error) {
	key := names.GivenNameKey(given)
	if key == "" {
		return -1, nil
	}
	holders := s.with(ctx).Table("person_name_keys k").Select("people.id").
		Joins("JOIN people ON people.id = k.person_id").
		Where("k.key = ?", key).Scopes(scope.Apply).Limit(names.HoldersCounted)
	var n int64
	err := s.with(ctx).Table("(?) AS h", holders).Count(&n).Error
	return int(n), err
}
