import { defineEntity, p } from '@mikro-orm/core';
import { Variant } from './catalog.ts';
import { Customer } from './customer.ts';

export const CartSchema = defineEntity({
  name: 'Cart',
  properties: {
    id: p.integer().primary(),
    /** Unguessable: a guest cart is addressed by this token alone. */
    token: p.string().length(64).unique(),
    customer: () => p.manyToOne(Customer).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    items: () => p.oneToMany(CartItem).mappedBy('cart').orphanRemoval(),
  },
});
export class Cart extends CartSchema.class {}
CartSchema.setClass(Cart);

export const CartItemSchema = defineEntity({
  name: 'CartItem',
  properties: {
    id: p.integer().primary(),
    cart: () => p.manyToOne(Cart).deleteRule('cascade'),
    variant: () => p.manyToOne(Variant).index(),
    quantity: p.integer().check('quantity > 0'),
  },
  uniques: [{ properties: ['cart', 'variant'] }],
});
export class CartItem extends CartItemSchema.class {}
CartItemSchema.setClass(CartItem);
