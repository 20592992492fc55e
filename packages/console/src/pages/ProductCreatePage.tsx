import { navigate } from '../app/router.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { ProductCreateForm } from '../components/ProductCreateForm.tsx';

export function ProductCreatePage() {
  return (
    <>
      <PageHeading title="Create a product">Create a product</PageHeading>
      <ProductCreateForm
        onCreated={(product) => navigate(`/products/${product.productId}`, { flash: `Product ${product.name} created.` })}
        onCancel={() => navigate('/products')}
      />
    </>
  );
}
