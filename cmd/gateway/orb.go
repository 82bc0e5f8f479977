package main

import "github.com/paulmach/orb"

func orbPoint(lon, lat float64) orb.Point { return orb.Point{lon, lat} }
