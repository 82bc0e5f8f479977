// Package names matches people's names the way workers type them: with typos,
// nicknames, accents dropped or kept, and given and family names swapped.
//
// It is pure: strings in, strings and numbers out. The models package stores
// Keys for every person's name and aliases and looks candidates up with
// LookupKeys or QueryKeys; the matching package ranks those candidates.
//
// Names in a UK homelessness service come from everywhere (English, Irish,
// Polish, Romanian, Lithuanian, Somali, Eritrean, Sudanese, Afghan, Kurdish,
// Pakistani, Nigerian, Caribbean...), so nothing here assumes English spelling
// beyond what Double Metaphone itself assumes (see Phonetic).
package names
