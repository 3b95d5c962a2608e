// Local east-north plane around a reference point. An equirectangular projection on the WGS-84 mean
// radius: over a sensor field of a few km its error is centimetres, far below TDOA timing error.
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export interface LatLon { lat: number; lon: number }
export interface EastNorth { x: number; y: number }

export function toEnu(p: LatLon, origin: LatLon): EastNorth {
  return {
    x: (p.lon - origin.lon) * RAD * EARTH_RADIUS_M * Math.cos(origin.lat * RAD),
    y: (p.lat - origin.lat) * RAD * EARTH_RADIUS_M,
  };
}

export function fromEnu(p: EastNorth, origin: LatLon): LatLon {
  return {
    lat: origin.lat + p.y / EARTH_RADIUS_M / RAD,
    lon: origin.lon + p.x / (EARTH_RADIUS_M * Math.cos(origin.lat * RAD)) / RAD,
  };
}

export function distanceM(a: LatLon, b: LatLon): number {
  const e = toEnu(b, a);
  return Math.hypot(e.x, e.y);
}
