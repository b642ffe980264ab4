package org.plantwire.mes;

/** A quantity of a material: per unit in a bill of materials, or consumed by an order. */
public record Material(String material, double quantity, String unit) {
}
