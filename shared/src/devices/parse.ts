import { BLOOD_PRESSURE_MEASUREMENT, parseBloodPressure } from './blood-pressure';
import type { BloodPressureMeasurement } from './blood-pressure';
import { UnsupportedCharacteristicError } from './errors';
import { HEART_RATE_MEASUREMENT, parseHeartRate } from './heart-rate';
import type { HeartRateMeasurement } from './heart-rate';
import { PLX_CONTINUOUS, PLX_SPOT_CHECK, parsePlxContinuous, parsePlxSpotCheck } from './plx';
import type { PlxContinuous, PlxSpotCheck } from './plx';
import { TEMPERATURE_MEASUREMENT, parseTemperature } from './thermometer';
import type { TemperatureMeasurement } from './thermometer';
import { WEIGHT_MEASUREMENT, parseWeight } from './weight';
import type { WeightMeasurement } from './weight';

/** Any decoded measurement, discriminated by `type`. */
export type ParsedMeasurement =
  | PlxSpotCheck
  | PlxContinuous
  | WeightMeasurement
  | BloodPressureMeasurement
  | HeartRateMeasurement
  | TemperatureMeasurement;

/** Characteristics `parseCharacteristic` understands. */
export const MEASUREMENT_CHARACTERISTICS = [
  PLX_SPOT_CHECK,
  PLX_CONTINUOUS,
  WEIGHT_MEASUREMENT,
  BLOOD_PRESSURE_MEASUREMENT,
  HEART_RATE_MEASUREMENT,
  TEMPERATURE_MEASUREMENT,
] as const;

/**
 * Decodes one GATT measurement value by its characteristic's 16-bit UUID, in the device's own units.
 * Throws `TruncatedPacketError` for a short packet and `UnsupportedCharacteristicError` for an unknown UUID.
 */
export function parseCharacteristic(characteristicUuid: number, value: DataView): ParsedMeasurement {
  switch (characteristicUuid) {
    case PLX_SPOT_CHECK:
      return parsePlxSpotCheck(value);
    case PLX_CONTINUOUS:
      return parsePlxContinuous(value);
    case WEIGHT_MEASUREMENT:
      return parseWeight(value);
    case BLOOD_PRESSURE_MEASUREMENT:
      return parseBloodPressure(value);
    case HEART_RATE_MEASUREMENT:
      return parseHeartRate(value);
    case TEMPERATURE_MEASUREMENT:
      return parseTemperature(value);
    default:
      throw new UnsupportedCharacteristicError(characteristicUuid);
  }
}
