import { Category, type EntityManager } from '@holdfast/db';

export async function listCategories(em: EntityManager) {
  const categories = await em.find(Category, {}, { orderBy: { name: 'asc' } });
  return categories.map(({ id, slug, name }) => ({ id, slug, name }));
}
